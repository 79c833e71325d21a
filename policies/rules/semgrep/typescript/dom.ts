function showComment(comment) {
  const list = document.getElementById("comments");
  // ruleid: typescript.dom-xss-html-sink
  list.innerHTML += "<p>" + comment + "</p>";
  // ruleid: typescript.dom-xss-html-sink
  list.innerHTML = comment;
  // ruleid: typescript.dom-xss-html-sink
  list.insertAdjacentHTML("beforeend", `<li>${comment}</li>`);
  // ok: typescript.dom-xss-html-sink
  list.textContent = comment;
  // ok: typescript.dom-xss-html-sink
  list.innerHTML = "<p>No comments yet</p>";
  // ok: typescript.dom-xss-html-sink
  list.innerHTML = "";
  // ok: typescript.dom-xss-html-sink
  list.innerHTML = DOMPurify.sanitize(comment);
  // ok: typescript.dom-xss-html-sink
  list.innerHTML = `<p>${escapeHtml(comment)}</p>`;
}

function render(message) {
  // ruleid: typescript.dom-xss-html-sink
  document.write("<div>" + message + "</div>");
  // ok: typescript.dom-xss-html-sink
  document.write("<div>loading</div>");
  const node = document.createElement("div");
  // ok: typescript.dom-xss-html-sink
  node.appendChild(document.createTextNode(message));
}

function addRow(user) {
  // ruleid: typescript.dom-xss-html-sink
  $("#users").append("<tr><td>" + user.name + "</td></tr>");
  // ruleid: typescript.dom-xss-html-sink
  $("#title").html(`<b>${user.name}</b>`);
  // ok: typescript.dom-xss-html-sink
  $("#title").text(user.name);
  // ok: typescript.dom-xss-html-sink
  $("#users").append(document.createElement("tr"));
}

function redirectTo(url) {
  // ruleid: typescript.dom-open-redirect
  window.location.href = url;
  // ruleid: typescript.dom-open-redirect
  location.assign(params.get("next"));
}

function goHome(id) {
  // ok: typescript.dom-open-redirect
  window.location.href = "/home";
  // ok: typescript.dom-open-redirect
  window.location.href = "/items/" + id;
  const next = new URLSearchParams(location.search).get("next");
  if (next.startsWith("/") && !next.startsWith("//")) {
    // ok: typescript.dom-open-redirect
    window.location.href = next;
  }
}

class ProfileView {
  constructor(sanitizer) {
    this.sanitizer = sanitizer;
  }

  show(bio, link) {
    // ruleid: typescript.angular-bypass-sanitizer
    this.bioHtml = this.sanitizer.bypassSecurityTrustHtml(bio);
    // ruleid: typescript.angular-bypass-sanitizer
    this.link = this.sanitizer.bypassSecurityTrustUrl(link);
    // ok: typescript.angular-bypass-sanitizer
    this.banner = this.sanitizer.bypassSecurityTrustHtml("<b>Welcome</b>");
    // ok: typescript.angular-bypass-sanitizer
    this.clean = this.sanitizer.bypassSecurityTrustHtml(DOMPurify.sanitize(bio));
  }
}

function showPreview(content) {
  // ruleid: typescript.dom-xss-html-sink
  $("#preview").html(content);
  // ok: typescript.dom-xss-html-sink
  $("#preview").html("<p>Loading</p>");
  // ok: typescript.dom-xss-html-sink
  $("#preview").text(content);
}
