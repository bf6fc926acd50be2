// The share panel's messenger button, without any messenger's script. KakaoTalk's share dialog needs
// its JavaScript SDK and an app key, and Zalo documents no share address that works without its
// plugin script, so neither is loaded: on a phone the Web Share API opens the system's share sheet,
// where Zalo and KakaoTalk appear when installed; elsewhere the button copies the short link to paste
// into either. Without JavaScript the button stays hidden and the short link is on the page to copy.
(function () {
  "use strict";
  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    var url = button.getAttribute("data-share-url");
    var title = button.getAttribute("data-share-title") || document.title;
    var canShare = typeof navigator.share === "function";
    var canCopy = navigator.clipboard && typeof navigator.clipboard.writeText === "function";
    if (!canShare && !canCopy) {
      return;
    }

    if (!canShare) {
      button.textContent = button.getAttribute("data-copy-label");
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (canShare) {
        navigator.share({ title: title, url: url }).catch(function () { /* the visitor closed the sheet */ });
        return;
      }

      navigator.clipboard.writeText(url).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        status.textContent = button.getAttribute("data-copy-failed");
      });
    });
  });
})();
