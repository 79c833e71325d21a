echo "<p>You searched for: " . $_GET['q'] . "</p>";
$results = search($_GET['q']);
foreach ($results as $r) {
    echo "<li>" . htmlspecialchars($r['title']) . "</li>";
}
