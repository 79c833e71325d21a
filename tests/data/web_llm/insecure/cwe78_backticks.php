<?php
$dir = $_REQUEST['dir'];
$listing = `ls -la $dir`;
echo nl2br($listing);
