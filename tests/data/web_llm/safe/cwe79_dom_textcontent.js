const params = new URLSearchParams(window.location.search);
const query = params.get('q');
document.getElementById('results-title').textContent = 'Results for: ' + query;
