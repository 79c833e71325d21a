<?php
if (isset($_GET['host']) && filter_var($_GET['host'], FILTER_VALIDATE_IP)) {
    $host = escapeshellarg($_GET['host']);
    echo "<pre>";
    system("ping -c 4 " . $host);
    echo "</pre>";
}
