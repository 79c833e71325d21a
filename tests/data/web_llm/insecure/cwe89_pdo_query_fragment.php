$username = $_POST['username'];
$password = $_POST['password'];
$stmt = $pdo->query("SELECT * FROM users WHERE username = '$username' AND password = '$password'");
$user = $stmt->fetch();
if ($user) {
    $_SESSION['user_id'] = $user['id'];
    header('Location: dashboard.php');
}
