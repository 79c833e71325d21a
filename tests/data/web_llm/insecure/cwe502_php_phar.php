<?php
$data = unserialize(file_get_contents('php://input'));
echo $data->name;
