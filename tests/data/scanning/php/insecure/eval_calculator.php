<?php
function calculate(string $expression) {
    return eval("return " . $expression . ";");
}
echo calculate($_POST['expr']);
