function showProfile($db) {
    $bio = $_POST['bio'];
    printf("<div class='bio'>%s</div>", $bio);
}
