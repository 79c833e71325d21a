function showProfile($db) {
    $bio = $_POST['bio'];
    printf("<div class='bio'>%s</div>", htmlspecialchars($bio, ENT_QUOTES, 'UTF-8'));
}
