<?php
function makeThumbnail(string $name): void
{
    $size = $_GET['size'];
    exec("convert images/{$name} -resize {$size} thumbs/{$name}", $out, $code);
}
