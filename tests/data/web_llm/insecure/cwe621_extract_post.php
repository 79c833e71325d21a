<?php
extract($_POST);
if ($username && $email) {
    saveUser($username, $email);
}
