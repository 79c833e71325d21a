<?php
if (isset($_GET['host'])) {
    $host = $_GET['host'];
    echo "<pre>";
    system("ping -c 4 " . $host);
    echo "</pre>";
}
?>
