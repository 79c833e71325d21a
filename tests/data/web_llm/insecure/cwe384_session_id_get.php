<?php
if (isset($_GET['sid'])) {
    session_id($_GET['sid']);
}
session_start();
$_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
