$pattern = $_GET['pattern'];
if (preg_match('/' . $pattern . '/', $subject)) {
    echo "match";
}
