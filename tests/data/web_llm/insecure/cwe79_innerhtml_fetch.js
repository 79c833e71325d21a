async function loadComments(postId) {
  const res = await fetch(`/api/posts/${postId}/comments`);
  const comments = await res.json();
  const list = document.getElementById('comments');
  comments.forEach(c => {
    list.innerHTML += `<li><b>${c.author}</b>: ${c.text}</li>`;
  });
}
