// The post page's behaviour: likes, copy link, threaded replies, and the comment form's CSRF
// token. Cached pages are the same for every reader, so anything personal arrives from here.
(function () {
  "use strict";

  function cookie(name) {
    const match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setupLikes() {
    const box = document.querySelector(".likes[data-likes-url]");
    if (!box) return;
    const button = box.querySelector(".like-button");
    const label = box.querySelector(".like-label");
    const count = box.querySelector(".like-count");
    const likers = box.querySelector(".likers");
    const url = box.dataset.likesUrl;

    function show(data) {
      count.textContent = data.count === 0 ? "Be the first to like this."
        : data.count === 1 ? "1 like" : data.count + " likes";
      count.dataset.count = String(data.count);
      button.setAttribute("aria-pressed", data.liked ? "true" : "false");
      button.classList.toggle("liked", data.liked);
      label.textContent = data.liked ? "Liked" : "Like";
      likers.replaceChildren(...data.likers.map(function (liker) {
        const item = document.createElement("li");
        const image = document.createElement("img");
        image.src = liker.avatar;
        image.alt = liker.name;
        image.title = liker.name;
        image.width = 32;
        image.height = 32;
        item.appendChild(image);
        return item;
      }));
      button.disabled = false;
      fillCsrf();
    }

    function request(method) {
      return fetch(url, {
        method: method,
        credentials: "same-origin",
        headers: { "X-CSRFToken": cookie("csrftoken"), "Accept": "application/json" },
      }).then(function (response) {
        if (response.status === 401) {
          window.location.href = box.dataset.loginUrl;
          return null;
        }
        return response.json();
      }).then(function (data) {
        if (data && typeof data.count === "number") show(data);
        else if (data && data.message) count.textContent = data.message;
      }).catch(function () {
        count.textContent = "Likes could not be loaded.";
      });
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      request(button.getAttribute("aria-pressed") === "true" ? "DELETE" : "POST");
    });
    request("GET");
  }

  function fillCsrf() {
    document.querySelectorAll("form input[name=csrfmiddlewaretoken]").forEach(function (field) {
      field.value = cookie("csrftoken");
    });
  }

  function setupCopyLink() {
    document.querySelectorAll(".share-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        const done = function () { button.textContent = "Link copied"; };
        if (navigator.clipboard) {
          navigator.clipboard.writeText(button.dataset.url).then(done, function () {
            window.prompt("Copy this link:", button.dataset.url);
          });
        } else {
          window.prompt("Copy this link:", button.dataset.url);
        }
      });
    });
  }

  function setupReplies() {
    const form = document.getElementById("commentform");
    if (!form) return;
    const respond = document.getElementById("respond");
    const home = respond.parentNode;
    const homeNext = respond.nextSibling;
    const parentField = form.querySelector("input[name=parent]");
    const replyingTo = respond.querySelector(".replying-to");
    const cancel = respond.querySelector(".cancel-reply");
    document.querySelectorAll(".comment-reply-link").forEach(function (link) {
      link.addEventListener("click", function () {
        parentField.value = link.dataset.commentId;
        replyingTo.textContent = "to " + link.dataset.author;
        replyingTo.hidden = false;
        cancel.hidden = false;
        link.closest("li").appendChild(respond);
        form.querySelector("textarea").focus();
      });
    });
    cancel.addEventListener("click", function () {
      parentField.value = "";
      replyingTo.hidden = true;
      cancel.hidden = true;
      home.insertBefore(respond, homeNext);
    });
  }

  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", fillCsrf);
  });
  setupLikes();
  setupCopyLink();
  setupReplies();
  fillCsrf();
})();
