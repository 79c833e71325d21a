function showComment(comment) {
  const list = document.getElementById("comments");
  // ruleid: javascript.dom-xss-html-sink
  list.innerHTML += "<p>" + comment + "</p>";
  // ruleid: javascript.dom-xss-html-sink
  list.innerHTML = comment;
  // ruleid: javascript.dom-xss-html-sink
  list.insertAdjacentHTML("beforeend", `<li>${comment}</li>`);
  // ok: javascript.dom-xss-html-sink
  list.textContent = comment;
  // ok: javascript.dom-xss-html-sink
  list.innerHTML = "<p>No comments yet</p>";
  // ok: javascript.dom-xss-html-sink
  list.innerHTML = "";
  // ok: javascript.dom-xss-html-sink
  list.innerHTML = DOMPurify.sanitize(comment);
  // ok: javascript.dom-xss-html-sink
  list.innerHTML = `<p>${escapeHtml(comment)}</p>`;
}

function render(message) {
  // ruleid: javascript.dom-xss-html-sink
  document.write("<div>" + message + "</div>");
  // ok: javascript.dom-xss-html-sink
  document.write("<div>loading</div>");
  const node = document.createElement("div");
  // ok: javascript.dom-xss-html-sink
  node.appendChild(document.createTextNode(message));
}

function addRow(user) {
  // ruleid: javascript.dom-xss-html-sink
  $("#users").append("<tr><td>" + user.name + "</td></tr>");
  // ruleid: javascript.dom-xss-html-sink
  $("#title").html(`<b>${user.name}</b>`);
  // ok: javascript.dom-xss-html-sink
  $("#title").text(user.name);
  // ok: javascript.dom-xss-html-sink
  $("#users").append(document.createElement("tr"));
}
function staticHtml(el) {
  // ok: javascript.dom-xss-html-sink
  el.innerHTML = `<p>static</p>`;
}

function redirectTo(url) {
  // ruleid: javascript.dom-open-redirect
  window.location.href = url;
  // ruleid: javascript.dom-open-redirect
  location.assign(params.get("next"));
}

function goHome(id) {
  // ok: javascript.dom-open-redirect
  window.location.href = "/home";
  // ok: javascript.dom-open-redirect
  window.location.href = "/items/" + id;
  const next = new URLSearchParams(location.search).get("next");
  if (next.startsWith("/") && !next.startsWith("//")) {
    // ok: javascript.dom-open-redirect
    window.location.href = next;
  }
}

class ProfileView {
  constructor(sanitizer) {
    this.sanitizer = sanitizer;
  }

  show(bio, link) {
    // ruleid: javascript.angular-bypass-sanitizer
    this.bioHtml = this.sanitizer.bypassSecurityTrustHtml(bio);
    // ruleid: javascript.angular-bypass-sanitizer
    this.link = this.sanitizer.bypassSecurityTrustUrl(link);
    // ok: javascript.angular-bypass-sanitizer
    this.banner = this.sanitizer.bypassSecurityTrustHtml("<b>Welcome</b>");
    // ok: javascript.angular-bypass-sanitizer
    this.clean = this.sanitizer.bypassSecurityTrustHtml(DOMPurify.sanitize(bio));
  }
}

function showPreview(content) {
  // ruleid: javascript.dom-xss-html-sink
  $("#preview").html(content);
  // ok: javascript.dom-xss-html-sink
  $("#preview").html("<p>Loading</p>");
  // ok: javascript.dom-xss-html-sink
  $("#preview").text(content);
}
