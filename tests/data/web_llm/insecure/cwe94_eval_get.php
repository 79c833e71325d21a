$expr = $_GET['expr'];
eval('$result = ' . $expr . ';');
echo "Result: " . $result;
