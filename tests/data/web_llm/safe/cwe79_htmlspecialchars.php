<?php
$name = $_GET['name'] ?? 'guest';
?>
<h1>Welcome, <?php echo htmlspecialchars($name, ENT_QUOTES, 'UTF-8'); ?>!</h1>
