/**
 * The GGUF model suggested where WebGPU cannot run the web-llm builds: Mistral AI's own
 * quantization of Ministral 3 3B Instruct. Pinned to a revision so the size below stays true;
 * name, revision and size (2,147,023,008 bytes, sha256 9ed150d4…c5f8) were checked against
 * several independent projects that download this exact file.
 */
export const suggestedGgufModel = {
  name: "Ministral 3 3B Instruct (Q4_K_M)",
  publisher: "Mistral AI",
  pageUrl: "https://huggingface.co/mistralai/Ministral-3-3B-Instruct-2512-GGUF",
  url: "https://huggingface.co/mistralai/Ministral-3-3B-Instruct-2512-GGUF/resolve/eb599d408350ea2bb60452cb86be7c7b2fc28227/Ministral-3-3B-Instruct-2512-Q4_K_M.gguf",
  bytes: 2_147_023_008,
} as const;
