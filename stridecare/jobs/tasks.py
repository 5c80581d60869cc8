from django_tasks import task

from .runner import execute_job


@task()
def run_job(job_id: int) -> None:
    execute_job(job_id)
