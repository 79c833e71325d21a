<?php
$city = urlencode($_GET['city'] ?? 'London');
$json = file_get_contents("https://api.weather.example.com/v1/current?q=" . $city);
echo htmlspecialchars($json);
