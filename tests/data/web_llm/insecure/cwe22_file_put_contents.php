<?php
$name = $_POST['name'];
file_put_contents(__DIR__ . '/notes/' . $name, $_POST['content']);
echo "Saved";
