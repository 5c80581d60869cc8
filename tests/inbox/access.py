from stridecare.inbox.alerts import raise_alert


def access_values(world) -> dict:
    alert = raise_alert(runner=world.runner, kind="flare_up", title="Pain 7/10 during step-downs ZEBRA-SECRET-REASON")
    return {"alert_id": alert.pk}
