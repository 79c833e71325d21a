<?php
// ruleid: php.variables-from-request
extract($_POST);
// ruleid: php.variables-from-request
extract($_GET, EXTR_SKIP);
// ok: php.variables-from-request
extract($_POST, EXTR_PREFIX_ALL, 'form');
// ok: php.variables-from-request
extract(['title' => 'Home', 'items' => $items]);
// ruleid: php.variables-from-request
parse_str($_SERVER['QUERY_STRING']);
// ok: php.variables-from-request
parse_str($_SERVER['QUERY_STRING'], $params);


$pattern = $_GET['pattern'];
// ruleid: php.regex-from-request
if (preg_match('/' . $pattern . '/', $subject)) {
    echo "match";
}
// ok: php.regex-from-request
$hits = preg_grep('/' . preg_quote($_GET['q'], '/') . '/i', $titles);
// ok: php.regex-from-request
$parts = preg_split('/,\s*/', $_POST['tags']);
// ruleid: php.regex-from-request
$out = preg_replace("/{$_POST['find']}/", $_POST['replace'], $text);

try {
    $pdo = new PDO($dsn, $user, $password);
} catch (PDOException $e) {
    // ruleid: php.exception-details-echoed
    echo "Connection failed: " . $e->getMessage();
}
try {
    $order = placeOrder($cart);
} catch (Exception $ex) {
    // ruleid: php.exception-details-echoed
    die($ex->getMessage());
}
try {
    $order = placeOrder($cart);
} catch (Exception $ex) {
    error_log($ex->getMessage());
    // ok: php.exception-details-echoed
    echo "We could not place your order.";
}
// ok: php.exception-details-echoed
echo $message->getMessage();

$parts = explode('/', trim($_SERVER['PATH_INFO'], '/'));
$controllerName = ucfirst($parts[0]) . 'Controller';
// ruleid: php.class-from-request
$controller = new $controllerName($parts[1] ?? null);
// ruleid: php.class-from-request
$handler = new $_GET['handler']();
$routes = ['home' => HomeController::class, 'shop' => ShopController::class];
$cls = $routes[$_GET['page']] ?? HomeController::class;
// ok: php.class-from-request
$page = new $cls();
// ok: php.class-from-request
$view = new View($_GET['name']);

// ruleid: php.mb-ereg-eval-option
$out = mb_ereg_replace($pattern, $replacement, $string, $options);
// ruleid: php.mb-ereg-eval-option
$out = mb_ereg_replace('(\w+)', 'strtoupper("\\1")', $string, 'e');
// ok: php.mb-ereg-eval-option
$out = mb_ereg_replace($pattern, $replacement, $string, 'msr');
// ok: php.mb-ereg-eval-option
$out = mb_ereg_replace($pattern, $replacement, $string);
