package io.ringkv.server.runtime;

import io.ringkv.port.FileIO;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real file system through {@link FileChannel}. */
public final class ChannelFileIO implements FileIO {
    public static final ChannelFileIO INSTANCE = new ChannelFileIO();

    private ChannelFileIO() {}

    @Override
    public WritableFile create(Path file) throws IOException {
        return new ChannelWritableFile(
                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 0);
    }

    @Override
    public WritableFile openForAppend(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        long size = channel.size();
        channel.position(size);
        return new ChannelWritableFile(channel, size);
    }

    @Override
    public ReadableFile openForRead(Path file) throws IOException {
        return new ChannelReadableFile(FileChannel.open(file, StandardOpenOption.READ));
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(Files::isRegularFile)
                    .forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
            channel.force(true);
        }
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        // Opening a directory for read and forcing it is how the JDK exposes fsync(dirfd) on Linux.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some platforms (Windows) cannot open directories; their rename is durable on return.
            if (!System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
                throw e;
            }
        }
    }

    @Override
    public long usableSpace(Path dir) throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    private static final class ChannelWritableFile implements WritableFile {
        private final FileChannel channel;
        private long size;

        ChannelWritableFile(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        @Override
        public void append(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) {
                size += channel.write(src);
            }
        }

        @Override
        public void force() throws IOException {
            channel.force(false);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class ChannelReadableFile implements ReadableFile {
        private final FileChannel channel;

        ChannelReadableFile(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void readFully(long position, ByteBuffer dst) throws IOException {
            long at = position;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, at);
                if (n < 0) {
                    throw new EOFException("end of file at " + at + " reading " + dst.remaining() + " more bytes");
                }
                at += n;
            }
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
