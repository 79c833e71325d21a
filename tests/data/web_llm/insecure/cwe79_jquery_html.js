$(document).ready(function () {
  const name = new URLSearchParams(location.search).get('name');
  $('#greeting').html('Hello ' + name);
});
