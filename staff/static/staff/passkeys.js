// The two-factor page: once a passkey is registered (django-otp-webauthn's event), show it in the list.
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
