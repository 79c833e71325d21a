// Show the search term from the URL on the results page
const params = new URLSearchParams(window.location.search);
const query = params.get('q');
document.getElementById('results-title').innerHTML = 'Results for: ' + query;
