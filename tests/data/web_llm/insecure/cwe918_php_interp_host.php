$host = $_GET['host'];
$response = file_get_contents("http://$host/status");
echo htmlspecialchars($response);
