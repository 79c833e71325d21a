function fetchRemote() {
    $ch = curl_init();
    curl_setopt($ch, CURLOPT_URL, $_POST['webhook']);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    $response = curl_exec($ch);
    curl_close($ch);
    return $response;
}
