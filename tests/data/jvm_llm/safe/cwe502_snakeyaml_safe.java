public Map<String, Object> loadConfig(String yamlText) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    return yaml.load(yamlText);
}
