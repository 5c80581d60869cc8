from django_tasks import TaskContext, task

from .runner import execute_job


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> None:
    worker_ids = context.task_result.worker_ids
    execute_job(job_id, worker_id=worker_ids[-1] if worker_ids else "")
