// the fragment after '#' is the attacker's
function showTab() {
  const tab = location.hash.substring(1);
  // ruleid: typescript.dom-xss-from-url
  document.getElementById('title').innerHTML = 'Tab: ' + tab;
  // ok: typescript.dom-xss-from-url
  document.getElementById('title').textContent = 'Tab: ' + tab;
  // ok: typescript.dom-xss-from-url
  document.getElementById('title').innerHTML = DOMPurify.sanitize(tab);
}

function greetFromQuery() {
  const params = new URLSearchParams(window.location.search);
  const name = params.get('name');
  // ruleid: typescript.dom-xss-from-url
  $('#greeting').html('<b>Hello ' + name + '</b>');
  // ruleid: typescript.dom-xss-from-url
  document.write('<p>' + document.referrer + '</p>');
  // ok: typescript.dom-xss-from-url
  $('#greeting').text('Hello ' + name);
}

// ruleid: typescript.message-handler-without-origin-check
window.addEventListener('message', (event) => {
  // ruleid: typescript.dom-xss-from-url
  document.getElementById('out').insertAdjacentHTML('beforeend', event.data);
});

function highlight() {
  // ruleid: typescript.jquery-selector-from-url
  $(location.hash).addClass('active');
  const id = window.location.hash;
  // ruleid: typescript.jquery-selector-from-url
  $('#' + id).show();
  // ok: typescript.jquery-selector-from-url
  $('#' + $.escapeSelector(id.slice(1))).show();
  // ok: typescript.jquery-selector-from-url
  $('#menu').show();
}

angular.module('app').controller('PreviewCtrl', function ($scope, $sce) {
  // ruleid: typescript.angularjs-sce-trust
  $scope.preview = $sce.trustAsHtml($scope.comment);
  // ruleid: typescript.angularjs-sce-trust
  $scope.frame = $sce.trustAs($sce.RESOURCE_URL, $scope.url);
  // ok: typescript.angularjs-sce-trust
  $scope.banner = $sce.trustAsHtml('<b>Welcome</b>');
});

angular.module('app').config(function ($sceProvider) {
  // ruleid: typescript.angularjs-sce-disabled
  $sceProvider.enabled(false);
});

angular.module('app').config(function ($sceDelegateProvider) {
  // ruleid: typescript.angularjs-resource-url-wildcard
  $sceDelegateProvider.resourceUrlWhitelist(['self', '**']);
  // ruleid: typescript.angularjs-resource-url-wildcard
  $sceDelegateProvider.resourceUrlWhitelist(['http://**.example.com']);
  // ok: typescript.angularjs-resource-url-wildcard
  $sceDelegateProvider.resourceUrlWhitelist(['self', 'https://cdn.example.com/**']);
});

function bootChat(user) {
  // ruleid: typescript.intercom-identity-not-verified
  window.intercomSettings = { app_id: APP_ID, name: user.name, email: user.email };
  // ok: typescript.intercom-identity-not-verified
  window.intercomSettings = { app_id: APP_ID, user_id: user.id, user_hash: user.intercomHash };
  // ok: typescript.intercom-identity-not-verified
  window.intercomSettings = { app_id: APP_ID };
}

function notifyParent(result) {
  // ruleid: typescript.postmessage-any-origin
  window.parent.postMessage({ type: 'done', result }, '*');
  // ok: typescript.postmessage-any-origin
  window.parent.postMessage({ type: 'done', result }, 'https://app.example.com');
}

// ruleid: typescript.message-handler-without-origin-check
window.addEventListener('message', (event) => {
  runCommand(event.data.command);
});

// ok: typescript.message-handler-without-origin-check
window.addEventListener('message', (event) => {
  if (event.origin !== 'https://app.example.com') return;
  runCommand(event.data.command);
});

function embedState(state) {
  // ruleid: typescript.serialize-javascript-unsafe
  const json = serialize(state, { unsafe: true, space: 2 });
  // ok: typescript.serialize-javascript-unsafe
  const safe = serialize(state, { space: 2 });
  return '<script>window.__STATE__ = ' + safe + json + '</script>';
}
