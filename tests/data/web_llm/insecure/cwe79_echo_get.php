<?php
$name = $_GET['name'];
?>
<html>
<body>
<h1>Welcome, <?php echo $name; ?>!</h1>
</body>
</html>
