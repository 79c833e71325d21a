function showWelcome() {
  var name = decodeURIComponent(location.hash.substring(1));
  document.write('<h2>Welcome, ' + name + '!</h2>');
}
showWelcome();
