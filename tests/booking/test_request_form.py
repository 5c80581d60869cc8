import pytest
from django.core import mail
from django.urls import reverse

from stridecare.booking.models import AppointmentRequest


def form_data(**overrides):
    data = {
        "name": "Vera Visitor",
        "email": "vera@visitor.test",
        "phone": "0700 000000",
        "visit_type": "mobile",
        "address": "4 Elm Road, London",
        "postcode": "SW1A 1AA",
        "reason": "Shin pain after a 10 km race",
        "preferred_days": ["mon", "wed"],
        "preferred_times": ["evening"],
        "submission_token": "form-token-1",
    }
    data.update(overrides)
    return data


def test_a_visitor_requests_a_mobile_visit_and_lands_on_the_status_page(world, client):
    response = client.post(reverse("booking:request_form", args=["riverside"]), form_data())
    req = AppointmentRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("booking:status", args=[req.status_token])
    assert (req.visit_type, req.postcode, req.preferred_days, req.status) == (
        "mobile",
        "SW1A 1AA",
        ["mon", "wed"],
        "new",
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vera@visitor.test"]
    assert req.status_token in mail.outbox[0].body


def test_double_submission_creates_one_request(world, client):
    url = reverse("booking:request_form", args=["riverside"])
    first = client.post(url, form_data())
    second = client.post(url, form_data())
    assert AppointmentRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"address": ""}, "address", "needs the address"),
        ({"postcode": "E1 6AN"}, "postcode", "does not make home visits to E1 6AN"),
        ({"postcode": ""}, "postcode", "Enter your postcode"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"reason": ""}, "reason", "required"),
        ({"visit_type": "teleport"}, "visit_type", "Select a valid choice"),
    ],
)
def test_invalid_requests_are_shown_back_and_nothing_is_saved(world, client, overrides, field, message):
    response = client.post(reverse("booking:request_form", args=["riverside"]), form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert AppointmentRequest.objects.count() == 0 and mail.outbox == []


def test_radius_service_area_checks_the_shared_location(world, client):
    clinic = world.clinic
    clinic.mobile_postcodes, clinic.mobile_radius_km, clinic.latitude, clinic.longitude = "", 10, 51.5007, -0.1246
    clinic.save()
    url = reverse("booking:request_form", args=["riverside"])
    far = client.post(url, form_data(postcode="", latitude="51.7520", longitude="-1.2577"))  # Oxford, ~80 km away
    assert "outside our 10 km mobile service area" in " ".join(far.context["form"].errors["address"])
    near = client.post(
        url, form_data(postcode="", latitude="51.5101", longitude="-0.1340", submission_token="t2")
    )  # ~1.2 km
    assert near.status_code == 302
    # No location shared: accepted, and the clinic is told to check the address itself.
    unknown = client.post(url, form_data(postcode="", submission_token="t3"))
    assert unknown.status_code == 302
    req = AppointmentRequest.objects.get(submission_token="t3")
    assert req.needs_area_check and not AppointmentRequest.objects.get(submission_token="t2").needs_area_check
    client.force_login(world.therapist)
    assert 'id="area-check"' in client.get(reverse("booking:request_detail", args=[req.pk])).content.decode()


def test_telehealth_needs_no_address(world, client):
    response = client.post(
        reverse("booking:request_form", args=["riverside"]), form_data(visit_type="telehealth", address="", postcode="")
    )
    assert response.status_code == 302
    assert AppointmentRequest.objects.get().address == ""


def test_a_logged_in_runner_requests_with_their_own_name(world, client):
    client.force_login(world.runner)
    response = client.post(
        reverse("booking:request_form", args=["riverside"]),
        form_data(name="Someone Else", email="x@y.test", visit_type="clinic"),
    )
    req = AppointmentRequest.objects.get()
    assert response.status_code == 302
    assert (req.runner, req.name, req.email) == (world.runner, "Sam Rivera", "sam@runner.test")


def test_unknown_clinic_is_404(db, client):
    assert client.get(reverse("booking:request_form", args=["nowhere"])).status_code == 404


def test_the_form_says_which_postcodes_the_mobile_service_covers(world, client):
    body = client.get(reverse("booking:request_form", args=["riverside"])).content.decode()
    visit_type = body[body.index('id="fs-visit_type"') :]
    assert "Mobile (at home)" in visit_type
    help_text = visit_type[visit_type.index("</fieldset>") :][:400]
    assert "Mobile (at home): we come to your home in postcodes SW1 and SW3" in help_text


def test_a_radius_clinic_says_how_far_it_comes(world, client):
    world.clinic.mobile_postcodes, world.clinic.mobile_radius_km = "", 12.5
    world.clinic.latitude, world.clinic.longitude = 51.5, -0.12
    world.clinic.save()
    body = client.get(reverse("booking:request_form", args=["riverside"])).content.decode()
    assert "we come to your home within 12.5 km of the clinic (1 Towpath Lane)" in body


def test_a_clinic_without_mobile_service_offers_no_mobile_visit_and_no_coverage(world, client):
    body = client.get(reverse("booking:request_form", args=["hilltop"])).content.decode()
    assert "Mobile (at home)" not in body and "we come to your home" not in body
