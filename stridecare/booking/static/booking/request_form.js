// The appointment request form (booking/request_form.html).
(function () {
  var form = document.getElementById("request-form");
  if (!form) return;
  // One submission per form: the button turns off after the first click (the server also refuses doubles).
  form.addEventListener("submit", function () {
    var b = document.getElementById("send-request");
    b.setAttribute("aria-busy", "true");
    b.disabled = true;
  });
  var locate = document.getElementById("use-location");
  if (!locate) return;
  locate.addEventListener("click", function () {
    var s = document.getElementById("location-status");
    if (!navigator.geolocation) { s.textContent = "Your browser cannot share a location."; return; }
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("id_latitude").value = p.coords.latitude.toFixed(5);
      document.getElementById("id_longitude").value = p.coords.longitude.toFixed(5);
      s.textContent = "Location added.";
    }, function () { s.textContent = "Location not shared."; });
  });
})();
