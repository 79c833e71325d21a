<?php

function run_ping() {
    $host = $_GET['host'];
    // ruleid: php.command-injection
    $out = shell_exec("ping -c 1 " . $host);
    // ok: php.command-injection
    $ok = shell_exec("ping -c 1 " . escapeshellarg($host));
    // ok: php.command-injection
    exec("uptime");
}

function find_user($pdo, $mysqli, $name, $id) {
    // ruleid: php.sql-injection
    $r = $pdo->query("SELECT * FROM users WHERE name = '" . $name . "'");
    // ruleid: php.sql-injection
    $r = mysqli_query($mysqli, "SELECT * FROM users WHERE name = '$name'");
    $sql = "DELETE FROM users WHERE id = " . $id;
    // ruleid: php.sql-injection
    $mysqli->query($sql);
    // ok: php.sql-injection
    $stmt = $pdo->prepare("SELECT * FROM users WHERE name = ?");
    $stmt->execute([$name]);
    // ok: php.sql-injection
    $r = $pdo->query("SELECT * FROM users WHERE id = " . intval($id));
    // ok: php.sql-injection
    $r = $pdo->query("SELECT count(*) FROM users");
}

function calc($expr) {
    // ruleid: php.code-injection
    return eval('return ' . $expr . ';');
}

function calc_ok() {
    // ok: php.code-injection
    eval("return 1;");
}

function check_assertions($input, $limit) {
    // ruleid: php.code-injection
    assert($input);
    // ok: php.code-injection
    assert($limit > 0 && $limit < 100);
    // ok: php.code-injection
    assert($input instanceof Request);
}

function load_prefs() {
    // ruleid: php.unserialize
    $prefs = unserialize($_COOKIE['prefs']);
    // ok: php.unserialize
    $safe = unserialize($_COOKIE['prefs'], ['allowed_classes' => false]);
    // ok: php.unserialize
    $json = json_decode($_COOKIE['prefs'], true);
}

function parse_xml($xml) {
    // ruleid: php.xxe
    libxml_disable_entity_loader(false);
    $doc = new DOMDocument();
    // ruleid: php.xxe
    $doc->loadXML($xml, LIBXML_NOENT | LIBXML_DTDLOAD);
    // ok: php.xxe
    $doc->loadXML($xml, LIBXML_NONET);
}

function download() {
    $name = $_GET['file'];
    // ruleid: php.path-traversal
    readfile("/var/www/uploads/" . $name);
    // ok: php.path-traversal
    readfile("/var/www/uploads/" . basename($name));
    // ruleid: php.file-inclusion
    include $_GET['page'] . ".php";
    $pages = ['home' => 'pages/home.php', 'about' => 'pages/about.php'];
    // ok: php.file-inclusion
    include $pages[$_GET['page']];
}

function proxy() {
    // ruleid: php.ssrf
    $ch = curl_init($_GET['url']);
    // ok: php.ssrf
    $ch2 = curl_init("https://api.example.com/status");
}

function go() {
    // ruleid: php.open-redirect
    header("Location: " . $_GET['next']);
    // ok: php.open-redirect
    header("Location: /dashboard");
}

function greet() {
    // ruleid: php.xss
    echo "Hello " . $_GET['name'];
    // ok: php.xss
    echo "Hello " . htmlspecialchars($_GET['name'], ENT_QUOTES, 'UTF-8');
    // ok: php.xss
    echo "Hello " . e($_POST['name']);
    $attr = esc_attr($_GET['title']);
    // ok: php.xss
    echo "<a title='$attr'>link</a>";
    // ok: php.xss
    echo "Subscribed: " . isset($_POST['subscribe']);
}

function register($password, $email) {
    // ruleid: php.weak-password-hash
    $hash = md5($password);
    // ok: php.weak-password-hash
    $good = password_hash($password, PASSWORD_DEFAULT);
    // ok: php.weak-password-hash
    // ruleid: php.weak-hash
    $etag = md5($email);
    // ok: php.weak-hash
    $digest = hash('sha256', $email);
}

function make_reset() {
    // ruleid: php.insecure-random, php.weak-hash
    $token = md5(uniqid(mt_rand(), true));
    // ok: php.insecure-random
    $token2 = bin2hex(random_bytes(32));
    // ok: php.insecure-random
    $dice = mt_rand(1, 6);
    return $token;
}

function generateRandomString($length = 10) {
    $characters = '0123456789abcdefghijklmnopqrstuvwxyz';
    $out = '';
    for ($i = 0; $i < $length; $i++) {
        // ruleid: php.insecure-random
        $out .= $characters[rand(0, strlen($characters) - 1)];
    }
    return $out;
}

function pick($items) {
    // ruleid: php.insecure-random
    $code = mt_rand(100000, 999999);
    // ruleid: php.insecure-random
    $name = substr(str_shuffle("abcdefghijklmnopqrstuvwxyz"), 0, 8);
    // ok: php.insecure-random
    $item = $items[array_rand($items)];
    // ok: php.insecure-random
    $delay = rand(1, 5);
    return [$code, $name, $item, $delay];
}

function fetch_insecure($url) {
    $ch = curl_init($url);
    // ruleid: php.tls-verify-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
    // ok: php.tls-verify-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);
}

// ruleid: php.hardcoded-credentials
$db_password = "Sup3rS3cret";
// ruleid: php.hardcoded-credentials
define('API_KEY', 'sk_live_abcdef123456');
// ok: php.hardcoded-credentials
$db_password2 = getenv('DB_PASSWORD');
// ruleid: php.hardcoded-credentials
$pdo = new PDO('mysql:host=localhost;dbname=shop', 'root', 'r00tpass');
// ok: php.hardcoded-credentials
$pdo2 = new PDO('mysql:host=localhost;dbname=shop', 'root', getenv('DB_PASS'));

function enc($data, $key, $iv) {
    // ruleid: php.weak-cipher
    $a = openssl_encrypt($data, 'des-ede3-cbc', $key, 0, $iv);
    // ruleid: php.weak-cipher
    $b = openssl_encrypt($data, 'aes-128-ecb', $key);
    // ok: php.weak-cipher
    $c = openssl_encrypt($data, 'aes-256-gcm', $key, 0, $iv, $tag);
    // ruleid: php.weak-cipher
    $d = mcrypt_encrypt(MCRYPT_DES, $key, $data, MCRYPT_MODE_CBC, $iv);
    // ruleid: php.weak-cipher
    $e = mcrypt_encrypt(MCRYPT_RIJNDAEL_128, $key, $data, MCRYPT_MODE_ECB);
    // ok: php.weak-cipher
    $f = mcrypt_decrypt(MCRYPT_RIJNDAEL_128, $key, $data, MCRYPT_MODE_CBC, $iv);
}

// ruleid: php.debug-mode
ini_set('display_errors', '1');
// ok: php.debug-mode
ini_set('display_errors', '0');

// ruleid: php.world-writable-permissions
chmod('/var/www/uploads', 0777);
// ok: php.world-writable-permissions
chmod('/var/www/uploads', 0755);

function search_orders() {
    // ruleid: php.sql-built-from-request
    $sql = "SELECT * FROM orders WHERE customer = '" . $_GET['customer'] . "'";
    $status = $_POST['status'];
    // ruleid: php.sql-built-from-request
    $sql2 = "UPDATE orders SET status = '$status' WHERE id = 1";
    // ruleid: php.sql-built-from-request
    $sql3 = sprintf("DELETE FROM orders WHERE id = '%s'", $_REQUEST['id']);
    // ok: php.sql-built-from-request
    $sql4 = "SELECT * FROM orders WHERE id = " . intval($_GET['id']);
    // ok: php.sql-built-from-request
    $greeting = "Hello " . $_GET['customer'];
    return [$sql, $sql2, $sql3, $sql4, $greeting];
}

function back() {
    // ruleid: php.open-redirect
    header('Location: ' . $_SERVER['REQUEST_URI']);
    $next = $_GET['next'];
    // ruleid: php.open-redirect
    header("Location: $next");
    // ok: php.open-redirect
    header('Location: https://www.example.com' . $_SERVER['REQUEST_URI']);
    // ok: php.open-redirect
    header('Location: ' . $BASE_URL . $_GET['path']);
    // ok: php.open-redirect
    header('X-Request-Uri: ' . $_SERVER['REQUEST_URI']);
    // ruleid: php.open-redirect
    header('Location: ' . $next . '?from=login');
}

function fingerprints($file) {
    // ruleid: php.weak-hash
    $a = md5_file($file);
    // ruleid: php.weak-hash
    $b = sha1("fixed-salt" . $file);
    // ok: php.weak-hash
    $c = hash_file('sha256', $file);
    return [$a, $b, $c];
}

function preview() {
    $url = $_GET['url'];
    // file_get_contents opens local paths as well as URLs: both readings are reported
    // ruleid: php.ssrf, php.path-traversal
    $body = file_get_contents($url);
    // ruleid: php.ssrf
    $head = get_headers($_POST['link']);
    return [$body, $head];
}

function encryptFixed($data) {
    $key = "0123456789abcdef0123456789abcdef";
    $iv = "1234567890123456";
    // ruleid: php.hardcoded-cipher-key, php.static-iv
    return openssl_encrypt($data, "AES-256-CBC", $key, 0, $iv);
}

function encryptFresh($data) {
    $key = base64_decode(getenv('DATA_KEY'));
    $iv = random_bytes(openssl_cipher_iv_length('aes-256-cbc'));
    // ok: php.hardcoded-cipher-key, php.static-iv
    return base64_encode($iv . openssl_encrypt($data, 'aes-256-cbc', $key, OPENSSL_RAW_DATA, $iv));
}

function dispatch() {
    // ruleid: php.dynamic-call-from-request
    call_user_func($_GET['action'], $_GET['arg']);
    $class = $_POST['type'];
    // ruleid: php.dynamic-call-from-request
    $handler = new $class();
    $actions = ['list' => 'listItems', 'show' => 'showItem'];
    // ok: php.dynamic-call-from-request
    call_user_func($actions[$_GET['action']] ?? 'listItems');
    return $handler;
}

function contactForm() {
    // ruleid: php.xss
    echo '<form method="post" action="' . $_SERVER['PHP_SELF'] . '">';
    // ok: php.xss
    echo '<form method="post" action="' . htmlspecialchars($_SERVER['PHP_SELF']) . '">';
}

function find_user_sanitized($conn, $mysqli) {
    $id = intval($_GET['id']);
    // ok: php.sql-injection
    $r = mysqli_query($conn, "SELECT * FROM users WHERE id = $id");
    $name = mysqli_real_escape_string($conn, $_GET['name']);
    // ok: php.sql-injection
    $r = mysqli_query($conn, "SELECT * FROM users WHERE name = '$name'");
    $n = (int) $_GET['n'];
    // ok: php.sql-injection
    $r = $mysqli->query("SELECT * FROM users LIMIT " . $n);
}

function wordpress_posts($author) {
    global $wpdb;
    // ruleid: php.sql-injection
    $rows = $wpdb->get_results("SELECT * FROM {$wpdb->prefix}posts WHERE post_author = " . $author);
    // ok: php.sql-injection
    $rows = $wpdb->get_results($wpdb->prepare("SELECT * FROM {$wpdb->prefix}posts WHERE post_author = %d", $author));
}

function laravel_users($request) {
    // ruleid: php.sql-injection
    $users = DB::select(DB::raw("SELECT * FROM users WHERE name = '" . $request->input('name') . "'"));
    // ruleid: php.sql-injection
    $users = User::whereRaw("email = '" . $request->email . "'")->get();
    // ruleid: php.sql-injection
    $users = DB::table('users')->whereRaw("email = '$request->email'")->get();
    // ok: php.sql-injection
    $users = User::whereRaw('email = ?', [$request->email])->get();
    // ok: php.sql-injection
    $users = DB::select('SELECT * FROM users WHERE name = ?', [$request->input('name')]);
}

function issue_ids() {
    // ruleid: php.insecure-random
    $session_id = uniqid();
    // ok: php.insecure-random
    $cache_buster = uniqid();
    return [$session_id, $cache_buster];
}

function cachedPage() {
    // ok: php.weak-hash
    $cacheKey = 'page_' . md5($_SERVER['REQUEST_URI']);
    $cached = apcu_fetch($cacheKey);
    // ok: php.xss
    echo $cached;
    // ok: php.xss
    echo "<input type='hidden' name='h' value='" . hash('sha256', $_GET['q']) . "'>";
    // ruleid: php.weak-hash
    $signature = md5($payload . $secret);
    return $signature;
}

function weather() {
    // ok: php.path-traversal
    $json = file_get_contents("https://api.weather.example.com/v1/current?q=" . urlencode($_GET['city']));
    // ruleid: php.path-traversal
    $doc = file_get_contents("/srv/docs/" . $_GET['doc']);
    return $json . $doc;
}

function hostStatus() {
    $host = $_GET['host'];
    // ruleid: php.ssrf
    $status = file_get_contents("http://$host/status");
    // ruleid: php.ssrf
    $health = file_get_contents('https://' . $_POST['node'] . '/health');
    // ok: php.ssrf
    $fixed = file_get_contents('https://status.example.com/api?node=' . urlencode($host));
    return [$status, $health, $fixed];
}

function searchPosts($q) {
    // ok: php.sql-injection
    $posts = DB::select('SELECT * FROM posts WHERE title LIKE ?', ['%' . $q . '%']);
    // ruleid: php.sql-injection
    $more = DB::select("SELECT * FROM posts WHERE title LIKE '%" . $q . "%'", []);
    // ok: php.sql-injection
    $stmt = $pdo->prepare('SELECT * FROM posts WHERE author = ?');
    $stmt->execute([$q . '@example.com']);
    return [$posts, $more];
}
