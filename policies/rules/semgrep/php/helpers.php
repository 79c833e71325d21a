<?php
// Helpers as generated code writes them: the value arrives as a parameter.

function pingHost($host) {
    // ruleid: php.command-built
    $output = shell_exec("ping -c 4 " . $host);
    // ok: php.command-built
    $safe = shell_exec("ping -c 4 " . escapeshellarg($host));
    // ok: php.command-built
    $uptime = shell_exec("uptime");
    return $output . $safe . $uptime;
}

function compress($file) {
    // ruleid: php.command-built
    system("gzip $file");
    $cmd = sprintf("tar czf %s.tgz %s", $file, $file);
    // ruleid: php.command-built
    exec($cmd, $out);
    $quoted = escapeshellarg($file);
    // ok: php.command-built
    exec("gzip " . $quoted);
    // ok: php.command-built
    passthru("kill -9 " . intval($file));
}

function runTool($name) {
    $tools = ['disk' => 'df -h', 'mem' => 'free -m'];
    $cmd = $tools[$name];
    // ok: php.command-built
    return shell_exec($cmd);
}

function displayComment($comment) {
    // ruleid: php.xss-echo-built
    echo "<div class='comment'>" . $comment . "</div>";
    // ok: php.xss-echo-built
    echo "<div class='comment'>" . htmlspecialchars($comment, ENT_QUOTES, 'UTF-8') . "</div>";
    // ok: php.xss-echo-built
    echo "Comments: " . $comment;
}

function greet($name, $count) {
    // ruleid: php.xss-echo-built
    echo "<h1>Welcome, $name</h1>";
    // ruleid: php.xss-echo-built
    print("<p>" . $name . "</p>");
    // ok: php.xss-echo-built
    echo "<p>You have " . intval($count) . " messages</p>";
    $safeName = htmlspecialchars($name);
    // ok: php.xss-echo-built
    echo "<h1>Welcome, $safeName</h1>";
    // ok: php.xss-echo-built
    echo "<hr>";
}

function readUpload($filename) {
    // ruleid: php.path-built
    $content = file_get_contents("/var/www/uploads/" . $filename);
    $path = __DIR__ . "/files/" . $filename;
    // ruleid: php.path-built
    readfile($path);
    // ok: php.path-built
    $safe = file_get_contents("/var/www/uploads/" . basename($filename));
    // ok: php.path-built
    $conf = file_get_contents(__DIR__ . "/config.ini");
    return $content . $safe . $conf;
}

function deleteCache($key) {
    // ok: php.path-built
    unlink("/tmp/cache/" . md5($key));
    $base = realpath("/srv/data");
    $target = realpath("/srv/data/" . $key);
    if ($target === false || strpos($target, $base) !== 0) {
        return false;
    }
    // ok: php.path-built
    return unlink("/srv/data/" . $key);
}

function loadPage($page) {
    // ruleid: php.path-built
    include "pages/$page.php";
}

function findUser($ldap, $username) {
    $filter = "(uid=" . $username . ")";
    // ruleid: php.ldap-injection
    $result = ldap_search($ldap, "dc=example,dc=com", $filter);
    // ruleid: php.ldap-injection
    ldap_search($ldap, "dc=example,dc=com", "(mail=$username)");
    $escaped = ldap_escape($username, "", LDAP_ESCAPE_FILTER);
    // ok: php.ldap-injection
    ldap_search($ldap, "dc=example,dc=com", "(uid=" . $escaped . ")");
    // ok: php.ldap-injection
    ldap_search($ldap, "dc=example,dc=com", "(objectClass=person)");
    return $result;
}

function findUserNode($doc, $name) {
    $xpath = new DOMXPath($doc);
    // ruleid: php.xpath-built
    $nodes = $xpath->query("//user[@name='" . $name . "']");
    // ruleid: php.xpath-built
    $same = $xpath->query("//user[@name='$name']");
    // ok: php.xpath-built
    $all = $xpath->query("//user");
    // ok: php.xpath-built
    $rows = $db->query("SELECT * FROM users WHERE name = ?");
    return [$nodes, $same, $all, $rows];
}
