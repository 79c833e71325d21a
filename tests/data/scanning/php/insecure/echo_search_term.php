<?php
$q = $_GET['q'] ?? '';
echo "<h2>Results for " . $q . "</h2>";
