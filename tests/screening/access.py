def access_values(world) -> dict:
    from stridecare.screening.models import ScreeningSession

    saved = ScreeningSession.objects.create(
        runner=world.runner,
        clinic=world.clinic,
        answers={"region": "groin"},
        result={"red_flags": [], "conditions": [], "advice": {}},
        rules_version="1.1.0",
        urgency="soon",
    )
    return {"screening_id": saved.pk}
