"""Build Piper-format voices with random weights: a `.onnx` VITS graph and its `.onnx.json`.

A Piper voice is a VITS generator exported to ONNX with the inputs `input` (phoneme ids),
`input_lengths`, `scales` (noise, length, noise_w) and, for several speakers, `sid`; the JSON beside
it holds the sample rate, the espeak-ng voice and the phoneme → id map. Coqui's VITS (torch) builds
the graph and exports it in exactly that form (`Vits.export_onnx`). `build_piper(...)` makes a tiny
voice for tests; `size="medium"` and `size="full"` keep the dimensions of Piper's "medium"
architecture and of full VITS (Piper "high", Coqui's Thorsten VITS) for the benchmark.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from coqui_tiny import TINY_ARGS, _keep_audible

# Piper's "medium" (and "low") generator: VITS with a lighter HiFi-GAN (resblock 2, 3 upsamplings)
# and a 6-layer text encoder; "full" is VitsArgs' defaults (Piper "high", Coqui Thorsten VITS).
MEDIUM_ARGS = dict(
    hidden_channels=192,
    hidden_channels_ffn_text_encoder=768,
    num_heads_text_encoder=2,
    num_layers_text_encoder=6,
    resblock_type_decoder="2",
    resblock_kernel_sizes_decoder=[3, 5, 7],
    resblock_dilation_sizes_decoder=[[1, 2], [2, 6], [3, 12]],
    upsample_rates_decoder=[8, 8, 4],
    upsample_initial_channel_decoder=256,
    upsample_kernel_sizes_decoder=[16, 16, 8],
)
SIZES = {"tiny": TINY_ARGS, "medium": MEDIUM_ARGS, "full": {}}
SEED = 4321


def build_piper(onnx_path: Path, *, size: str = "tiny", speakers: tuple[str, ...] = (),
                sample_rate: int = 22050, seed: int = SEED) -> Path:
    """Write `onnx_path` and `onnx_path.json`: a German Piper voice with random weights."""
    import torch
    from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig
    from TTS.tts.models.vits import Vits

    torch.manual_seed(seed)
    num_symbols = max(i for ids in DEFAULT_PHONEME_ID_MAP.values() for i in ids) + 1
    args = VitsArgs(init_discriminator=False, use_speaker_embedding=bool(speakers),
                    speaker_embedding_channels=64 if size == "tiny" else 256, **SIZES[size])
    config = VitsConfig(model_args=args, run_name="narrate-random-piper", speakers=list(speakers))
    config.audio.sample_rate = sample_rate
    model = Vits(config)
    # The text embedding takes Piper's phoneme ids (0–165), as a Piper-trained voice's does.
    hidden = model.text_encoder.emb.embedding_dim
    model.text_encoder.emb = torch.nn.Embedding(num_symbols, hidden)
    torch.nn.init.normal_(model.text_encoder.emb.weight, 0.0, hidden**-0.5)
    _keep_audible(model.waveform_decoder.conv_post.weight)
    onnx_path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():  # the tracer's notes on VITS's Python branches
        warnings.simplefilter("ignore")
        model.export_onnx(str(onnx_path), verbose=False)
    voice = {
        "audio": {"sample_rate": sample_rate, "quality": size},
        "espeak": {"voice": "de"},
        "language": {"code": "de_DE"},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_type": "espeak",
        "phoneme_map": {},
        "phoneme_id_map": DEFAULT_PHONEME_ID_MAP,
        "num_symbols": num_symbols,
        "num_speakers": max(len(speakers), 1),
        "speaker_id_map": {name: i for i, name in enumerate(speakers)},
        "piper_version": "1.0.0",
        "dataset": "narrate-random",
    }
    Path(f"{onnx_path}.json").write_text(json.dumps(voice, ensure_ascii=False, indent=2), encoding="utf-8")
    return onnx_path
