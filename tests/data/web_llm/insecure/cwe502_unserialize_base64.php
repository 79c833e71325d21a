$prefs = unserialize(base64_decode($_POST['prefs']));
foreach ($prefs as $key => $value) {
    echo htmlspecialchars($key) . ": " . htmlspecialchars($value) . "\n";
}
