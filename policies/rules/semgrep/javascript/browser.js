// the fragment after '#' is the attacker's
function showTab() {
  const tab = location.hash.substring(1);
  // ruleid: javascript.dom-xss-from-url
  document.getElementById('title').innerHTML = 'Tab: ' + tab;
  // ok: javascript.dom-xss-from-url
  document.getElementById('title').textContent = 'Tab: ' + tab;
  // ok: javascript.dom-xss-from-url
  document.getElementById('title').innerHTML = DOMPurify.sanitize(tab);
}

function greetFromQuery() {
  const params = new URLSearchParams(window.location.search);
  const name = params.get('name');
  // ruleid: javascript.dom-xss-from-url
  $('#greeting').html('<b>Hello ' + name + '</b>');
  // ruleid: javascript.dom-xss-from-url
  document.write('<p>' + document.referrer + '</p>');
  // ok: javascript.dom-xss-from-url
  $('#greeting').text('Hello ' + name);
}

// ruleid: javascript.message-handler-without-origin-check
window.addEventListener('message', (event) => {
  // ruleid: javascript.dom-xss-from-url
  document.getElementById('out').insertAdjacentHTML('beforeend', event.data);
});

function highlight() {
  // ruleid: javascript.jquery-selector-from-url
  $(location.hash).addClass('active');
  const id = window.location.hash;
  // ruleid: javascript.jquery-selector-from-url
  $('#' + id).show();
  // ok: javascript.jquery-selector-from-url
  $('#' + $.escapeSelector(id.slice(1))).show();
  // ok: javascript.jquery-selector-from-url
  $('#menu').show();
}

angular.module('app').controller('PreviewCtrl', function ($scope, $sce) {
  // ruleid: javascript.angularjs-sce-trust
  $scope.preview = $sce.trustAsHtml($scope.comment);
  // ruleid: javascript.angularjs-sce-trust
  $scope.frame = $sce.trustAs($sce.RESOURCE_URL, $scope.url);
  // ok: javascript.angularjs-sce-trust
  $scope.banner = $sce.trustAsHtml('<b>Welcome</b>');
});

angular.module('app').config(function ($sceProvider) {
  // ruleid: javascript.angularjs-sce-disabled
  $sceProvider.enabled(false);
});

angular.module('app').config(function ($sceDelegateProvider) {
  // ruleid: javascript.angularjs-resource-url-wildcard
  $sceDelegateProvider.resourceUrlWhitelist(['self', '**']);
  // ruleid: javascript.angularjs-resource-url-wildcard
  $sceDelegateProvider.resourceUrlWhitelist(['http://**.example.com']);
  // ok: javascript.angularjs-resource-url-wildcard
  $sceDelegateProvider.resourceUrlWhitelist(['self', 'https://cdn.example.com/**']);
});

function bootChat(user) {
  // ruleid: javascript.intercom-identity-not-verified
  window.intercomSettings = { app_id: APP_ID, name: user.name, email: user.email };
  // ok: javascript.intercom-identity-not-verified
  window.intercomSettings = { app_id: APP_ID, user_id: user.id, user_hash: user.intercomHash };
  // ok: javascript.intercom-identity-not-verified
  window.intercomSettings = { app_id: APP_ID };
}

function notifyParent(result) {
  // ruleid: javascript.postmessage-any-origin
  window.parent.postMessage({ type: 'done', result }, '*');
  // ok: javascript.postmessage-any-origin
  window.parent.postMessage({ type: 'done', result }, 'https://app.example.com');
}

// ruleid: javascript.message-handler-without-origin-check
window.addEventListener('message', (event) => {
  runCommand(event.data.command);
});

// ok: javascript.message-handler-without-origin-check
window.addEventListener('message', (event) => {
  if (event.origin !== 'https://app.example.com') return;
  runCommand(event.data.command);
});

function embedState(state) {
  // ruleid: javascript.serialize-javascript-unsafe
  const json = serialize(state, { unsafe: true, space: 2 });
  // ok: javascript.serialize-javascript-unsafe
  const safe = serialize(state, { space: 2 });
  return '<script>window.__STATE__ = ' + safe + json + '</script>';
}
