<?php
$ch = curl_init("https://api.example.com/v1/status");
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
echo curl_exec($ch);
curl_close($ch);
