<?php
$xml = file_get_contents('php://input');
$doc = new DOMDocument();
$doc->loadXML($xml, LIBXML_NOENT);
echo $doc->getElementsByTagName('name')->item(0)->nodeValue;
