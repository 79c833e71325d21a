<?php
if (isset($_POST['width'])) {
    $w = $_POST['width'];
    system("convert upload.png -resize {$w}x thumb.png");
}
