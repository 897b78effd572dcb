package io.classwire.samples.cli;

import io.classwire.media.audio.PcmClip;
import io.classwire.media.audio.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabRunAudioCommandTest
{
    @Test
    void shouldPlaySpeechThroughLossyProfileAndWriteTheWav(@TempDir final Path dir) throws IOException
    {
        final Path wav = dir.resolve("received.wav");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final LabRunCommand command = new LabRunCommand();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, new CommandLine(command).execute(
            "--audio", "--profile", "lossy-30", "--duration", "4", "--out", wav.toString()));
        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("residual frame loss") && text.contains("MOS") && text.contains("recovery:"), text);
        final PcmClip played = WavReader.read(wav);
        assertEquals(48_000, played.sampleRateHz());
        assertTrue(played.durationSeconds() >= 4.0, text);
    }
}
