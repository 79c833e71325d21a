<?php
if (isset($_POST['width'])) {
    $w = intval($_POST['width']);
    system("convert upload.png -resize " . intval($w) . "x thumb.png");
}
