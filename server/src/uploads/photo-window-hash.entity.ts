import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One window hash of a photo (uploads/window-hashes.ts): the whole picture or a window of 60–80 % of each
 * side, for finding cut-outs of stored photos. Looked up by the 16-bit halves of the hash (indexed together
 * with `whole`, so the reverse lookup reads whole pictures only); never scanned.
 */
@Entity('photo_window_hashes')
@Index(['whole', 'hashHi'])
@Index(['whole', 'hashLo'])
export class PhotoWindowHash {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  photoId: number;

  /** The window in thousandths of the picture's width and height. */
  @Column({ type: 'smallint' }) x: number;
  @Column({ type: 'smallint' }) y: number;
  @Column({ type: 'smallint' }) w: number;
  @Column({ type: 'smallint' }) h: number;

  /** The window is the whole picture. */
  @Column({ type: 'boolean' })
  whole: boolean;

  /** The upper and lower 16 bits of the 32-bit window hash. */
  @Column({ type: 'int' }) hashHi: number;
  @Column({ type: 'int' }) hashLo: number;
}
