<?php
$q = $_GET['q'] ?? '';
echo "<h2>Results for " . htmlspecialchars($q, ENT_QUOTES, 'UTF-8') . "</h2>";
