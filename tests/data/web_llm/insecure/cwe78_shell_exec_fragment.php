$file = $_POST['filename'];
$output = shell_exec("wc -l uploads/$file");
echo "Line count: " . $output;
