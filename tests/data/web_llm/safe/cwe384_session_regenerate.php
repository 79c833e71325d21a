<?php
session_start();
if (login($_POST['user'], $_POST['password'])) {
    session_regenerate_id(true);
    $_SESSION['user'] = $_POST['user'];
}
